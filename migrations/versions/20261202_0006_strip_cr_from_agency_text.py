"""Strip the stray carriage returns that the review screen saved into tasks' agency text.

The browser posts hidden list fields with CRLF line breaks and the review split them on LF, so names
such as "UBND huyện X\r" reached tasks.lead_text and tasks.co_text. Data only; no schema change.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02 11:30:00
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None

tasks = sa.table('tasks', sa.column('lead_text', sa.String), sa.column('co_text', sa.Text))


def upgrade():
    for column in (tasks.c.lead_text, tasks.c.co_text):
        op.execute(
            tasks.update()
            .where(column.contains('\r'))
            .values({column.name: sa.func.replace(column, '\r', '')})
        )


def downgrade():
    pass  # the carriage returns were noise; nothing to restore
