import django_tasks_db.admin  # registers the library's admin first, replaced below
from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from django_tasks_db.models import DBTaskResult

from .models import ThesaurusEntry


@admin.register(ThesaurusEntry)
class ThesaurusEntryAdmin(admin.ModelAdmin):
    """The search's thesaurus: Land-level staff (superusers) only; a Bildungsbüro neither sees
    nor edits it (it acts on every region's search)."""

    list_display = ["term", "kind", "related", "source"]
    list_filter = ["kind"]
    search_fields = ["term", "related"]
    fields = ["term", "kind", "related", "source"]

    def _land_level(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_module_permission(self, request):
        return self._land_level(request)

    def has_add_permission(self, request):
        return self._land_level(request)

    def has_view_permission(self, request, obj=None):
        return self._land_level(request)

    def has_change_permission(self, request, obj=None):
        return self._land_level(request)

    def has_delete_permission(self, request, obj=None):
        return self._land_level(request)


admin.site.unregister(DBTaskResult)


@admin.register(DBTaskResult)
class TaskResultAdmin(django_tasks_db.admin.DBTaskResultAdmin):
    """The queue of background jobs (mails): what waits, runs, failed and when it is tried
    again. Read-only, and for Land-level staff (superusers) only: a job's arguments hold other
    regions' mails."""

    list_display = ["task_label", "status", "enqueued_at", "started_at", "finished_at", "retry"]
    list_filter = ["status", "queue_name"]
    date_hierarchy = "enqueued_at"

    @admin.display(description=_("Aufgabe"), ordering="task_path")
    def task_label(self, obj):
        return obj.task_path.rpartition(".")[2]

    @admin.display(description=_("nächster Versuch ab"))
    def retry(self, obj):
        return self.display_run_after(obj)

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser
