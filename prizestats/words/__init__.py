"""What the product says: the catalogs' words, grammar, names of countries and cities, import reasons,
the About page's text. Imports only prizestats.core."""
