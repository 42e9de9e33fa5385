"""The migration builds exactly the schema the models describe, on SQLite and PostgreSQL."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import upgrade

from tests.conftest import _drop_database, _fresh_database
from tracker import create_app
from tracker.extensions import db


def test_upgrade_from_empty_matches_models(tmp_path_factory):
    uri = _fresh_database(tmp_path_factory)
    app = create_app({"SQLALCHEMY_DATABASE_URI": uri, "TESTING": True})
    try:
        with app.app_context():
            upgrade()
            with db.engine.connect() as conn:
                context = MigrationContext.configure(conn, opts={"compare_type": True})
                diff = compare_metadata(context, db.metadata)
            assert diff == []
            db.engine.dispose()
    finally:
        _drop_database(uri)
