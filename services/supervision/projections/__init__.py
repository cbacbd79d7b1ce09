"""What the projection runner drives: petition and supervision events into supervision's
read model (cases, steps, actions, accountability records)."""
