"""Link audit tests (a package so test modules can import the loopback server helpers)."""
