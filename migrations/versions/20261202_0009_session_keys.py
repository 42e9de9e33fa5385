"""Session keys: a per-user value in every session cookie, rotated on logout and password reset so
that all of the user's sessions end (a copied cookie too).

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


def downgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('session_key')
