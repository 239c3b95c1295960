"""linear algebra scenes: one module per scene, each a storyboard."""
