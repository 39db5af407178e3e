from django.views import View


class PlaceListView(View):
    pass


PlaceCreateView = PlaceUpdateView = PlaceEndView = PlaceListView
