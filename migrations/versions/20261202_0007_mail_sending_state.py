"""Outbox rows record a send in progress, their Message-ID and the next attempt (backoff); the open-task
index covers due_changed_on, so the task list counts a time class by an index-only scan.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02 12:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None

OLD_INCLUDE = ['assigned_on', 'is_series', 'withdrawn_on', 'reported_on', 'judged_due_on']


def upgrade():
    with op.batch_alter_table('outbound_mail', schema=None) as batch_op:
        batch_op.add_column(sa.Column('sending_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('message_id', sa.String(length=255), nullable=True))
        batch_op.add_column(sa.Column('next_attempt_at', sa.DateTime(), nullable=True))
    with op.batch_alter_table('tasks', schema=None) as batch_op:
        batch_op.drop_index('ix_tasks_confirmed_due', postgresql_include=OLD_INCLUDE)
        batch_op.create_index('ix_tasks_confirmed_due', ['confirmed_on', 'due_on', 'id'], unique=False,
                              postgresql_include=[*OLD_INCLUDE, 'due_changed_on'])


def downgrade():
    with op.batch_alter_table('tasks', schema=None) as batch_op:
        batch_op.drop_index('ix_tasks_confirmed_due', postgresql_include=[*OLD_INCLUDE, 'due_changed_on'])
        batch_op.create_index('ix_tasks_confirmed_due', ['confirmed_on', 'due_on', 'id'], unique=False,
                              postgresql_include=OLD_INCLUDE)
    with op.batch_alter_table('outbound_mail', schema=None) as batch_op:
        batch_op.drop_column('next_attempt_at')
        batch_op.drop_column('message_id')
        batch_op.drop_column('sending_at')
