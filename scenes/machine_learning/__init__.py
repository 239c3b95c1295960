"""machine learning scenes: one module per scene, each a storyboard."""
