"""The national administrator's pages: agreement years, SKR's allocations and the counties."""
