"""Plugins that ship with claimtrack. They register through the ``claimtrack`` entry-point
group exactly as third-party plugins do."""
