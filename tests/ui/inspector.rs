//! The contact inspector and the charts.
