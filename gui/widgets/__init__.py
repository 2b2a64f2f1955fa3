"""The window's building blocks: the connection bar, the preview pane, the progress row."""
