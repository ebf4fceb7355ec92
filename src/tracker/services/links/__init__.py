"""Link audit: which review and paper URLs are dead, moved, or merely refusing a bot.

Modules are small and import little: only `checker` and `transports` import httpx, so the CLI's
`--help` and `--offline` never load an HTTP stack, and nothing here imports Textual.
"""
