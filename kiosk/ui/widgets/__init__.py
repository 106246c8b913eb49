"""Small reusable widgets: buttons with roles, the outcome icon, the group badge, keypads."""
