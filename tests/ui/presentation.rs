//! The workshop on a projector: presentation view, thresholds, baselines,
//! theme and zoom, layout at 1280×720.
