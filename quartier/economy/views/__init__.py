"""Pages of the local economy, one module per area."""
