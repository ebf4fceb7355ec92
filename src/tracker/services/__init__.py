"""Services: the API both front ends call (import, export, progress, stats, link audit)."""
