import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bildungsregion.settings")

application = get_wsgi_application()

# After the apps are ready (the search reads the thesaurus model): see search.preload().
from bildungsregion import search  # noqa: E402

search.preload()
