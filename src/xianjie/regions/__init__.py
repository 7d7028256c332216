"""Built-in region plugins, one subpackage per region, registered through the ``xianjie`` entry points."""
