"""The portal's own date formats per language (FORMAT_MODULE_PATH); Django's for the rest."""
