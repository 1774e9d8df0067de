"""ffmpeg as a child process: finding it, running it with progress, reading media facts."""
