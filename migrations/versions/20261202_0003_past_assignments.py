"""Past assignments: the lead, leader, field and key flag a task had before a change, for reports as of a date.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-02 06:03:43.001705

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('task_past_assignments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('task_id', sa.Integer(), nullable=False),
    sa.Column('valid_until', sa.Date(), nullable=False),
    sa.Column('lead_agency_id', sa.Integer(), nullable=False),
    sa.Column('leader_id', sa.Integer(), nullable=True),
    sa.Column('field', sa.String(length=100), nullable=True),
    sa.Column('is_key', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['lead_agency_id'], ['agencies.id'], name=op.f('fk_task_past_assignments_lead_agency_id_agencies')),
    sa.ForeignKeyConstraint(['leader_id'], ['users.id'], name=op.f('fk_task_past_assignments_leader_id_users')),
    sa.ForeignKeyConstraint(['task_id'], ['tasks.id'], name=op.f('fk_task_past_assignments_task_id_tasks')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_task_past_assignments'))
    )
    with op.batch_alter_table('task_past_assignments', schema=None) as batch_op:
        batch_op.create_index('ix_task_past_assignments_task_until', ['task_id', 'valid_until'], unique=False)

    with op.batch_alter_table('tasks', schema=None) as batch_op:
        batch_op.add_column(sa.Column('assignment_changed_on', sa.Date(), nullable=True))
        batch_op.create_index('ix_tasks_assignment_changed_on', ['assignment_changed_on'], unique=False)


def downgrade():
    with op.batch_alter_table('tasks', schema=None) as batch_op:
        batch_op.drop_index('ix_tasks_assignment_changed_on')
        batch_op.drop_column('assignment_changed_on')

    with op.batch_alter_table('task_past_assignments', schema=None) as batch_op:
        batch_op.drop_index('ix_task_past_assignments_task_until')

    op.drop_table('task_past_assignments')