"""One pending extension request per task (partial unique index); one-time form submission tokens.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02 11:30:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None

PENDING = sa.text("state = 'pending'")


def upgrade():
    # Older data may hold two pending requests of one task (the race this index closes): keep the
    # earliest pending, cancel the rest (nothing is deleted), so the unique index can be built.
    op.execute(
        "UPDATE extension_requests SET state = 'cancelled', decided_on = requested_on, "
        "decision_note = 'Hủy tự động: trùng đề nghị đang chờ' "
        "WHERE state = 'pending' AND id NOT IN "
        "(SELECT min(id) FROM extension_requests WHERE state = 'pending' GROUP BY task_id)"
    )
    with op.batch_alter_table('extension_requests', schema=None) as batch_op:
        batch_op.create_index('uq_extension_requests_one_pending', ['task_id'], unique=True,
                              sqlite_where=PENDING, postgresql_where=PENDING)

    op.create_table('form_submissions',
    sa.Column('token', sa.String(length=64), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('url', sa.String(length=255), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_form_submissions_user_id_users')),
    sa.PrimaryKeyConstraint('token', name=op.f('pk_form_submissions'))
    )


def downgrade():
    op.drop_table('form_submissions')
    with op.batch_alter_table('extension_requests', schema=None) as batch_op:
        batch_op.drop_index('uq_extension_requests_one_pending')
