"""django-tasks-db under a German name in the admin: the library's own app (label, models,
migrations, ``db_worker``), only its verbose name is ours."""

from django.utils.translation import gettext_lazy as _
from django_tasks_db.apps import TasksAppConfig


class TasksConfig(TasksAppConfig):
    verbose_name = _("Hintergrundaufgaben")
