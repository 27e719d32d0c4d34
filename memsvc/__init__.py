"""memsvc: long-term conversational memory for chatbot backends."""

__version__ = "0.2.0"
