//! The workshop: the other team's proposal side by side, adopting from it.
