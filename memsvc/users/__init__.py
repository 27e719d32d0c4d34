"""Users: whose memory is kept."""
