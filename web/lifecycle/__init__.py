"""The partnership page's frame, its moves and its documents; the lifecycle diagram."""
