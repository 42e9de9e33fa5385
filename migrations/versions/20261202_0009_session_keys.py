"""Session keys and login throttles: a per-user value in every session cookie, rotated on logout and
password reset so that all of the user's sessions end (a copied cookie too); login attempts counted
per (account, client address) in the database, so the limit holds across workers.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02 11:50:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade():
    # Existing rows get "" (sessions made before the upgrade carry no key and simply log in again).
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('session_key', sa.String(length=32), server_default='', nullable=False))
    op.create_table('login_throttles',
    sa.Column('account', sa.String(length=80), nullable=False),
    sa.Column('address', sa.String(length=64), nullable=False),
    sa.Column('failures', sa.Integer(), nullable=False),
    sa.Column('window_start', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('account', 'address', name=op.f('pk_login_throttles'))
    )


def downgrade():
    op.drop_table('login_throttles')
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('session_key')
