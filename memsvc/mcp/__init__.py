"""The MCP door: memsvc's memory as MCP tools and a memory resource, over stdio (`memsvc mcp`)
and streamable HTTP (/mcp in `memsvc serve`), on the domain services the REST API calls."""
