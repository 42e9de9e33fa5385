"""Covering indexes for the dashboard: monthly trends by index-only scans, the overdue list in deadline order.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-02 05:56:43.826098

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('tasks', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_tasks_assigned_on'))
        batch_op.drop_index(batch_op.f('ix_tasks_confirmed_on'))
        batch_op.drop_index(batch_op.f('ix_tasks_open_due'))
        batch_op.create_index('ix_tasks_assigned_cover', ['assigned_on'], unique=False, postgresql_include=['is_series', 'withdrawn_on'])
        batch_op.create_index('ix_tasks_confirmed_due', ['confirmed_on', 'due_on', 'id'], unique=False, postgresql_include=['assigned_on', 'is_series', 'withdrawn_on', 'reported_on', 'judged_due_on'])


def downgrade():
    with op.batch_alter_table('tasks', schema=None) as batch_op:
        batch_op.drop_index('ix_tasks_confirmed_due', postgresql_include=['assigned_on', 'is_series', 'withdrawn_on', 'reported_on', 'judged_due_on'])
        batch_op.drop_index('ix_tasks_assigned_cover', postgresql_include=['is_series', 'withdrawn_on'])
        batch_op.create_index(batch_op.f('ix_tasks_open_due'), ['due_on', 'id'], unique=False,
                              sqlite_where=sa.text('confirmed_on IS NULL'),
                              postgresql_where=sa.text('confirmed_on IS NULL'))
        batch_op.create_index(batch_op.f('ix_tasks_confirmed_on'), ['confirmed_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_tasks_assigned_on'), ['assigned_on'], unique=False)
