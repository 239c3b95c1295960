"""scenes in space (3-D, the camera turning): one module per scene, each a storyboard;
``stage`` holds what they share (the camera, its fit, text fixed in the frame)."""
