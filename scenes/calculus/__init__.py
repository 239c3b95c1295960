"""calculus scenes: one module per scene, each a storyboard."""
