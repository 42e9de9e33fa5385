"""Province identity: the issuing body lines, place, signers and number symbols an admin sets for exports.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02 11:30:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None

FIELDS = ('report_parent', 'report_issuer', 'report_symbol', 'report_signer_title', 'report_signer_name',
          'office_parent', 'office_name', 'office_full_name', 'letter_symbol', 'letter_signer_title',
          'letter_signer_name', 'place')


def upgrade():
    op.create_table('province_identity',
    sa.Column('id', sa.Integer(), nullable=False),
    *[sa.Column(name, sa.String(length=255), nullable=True) for name in FIELDS],
    sa.Column('updated_at', sa.DateTime(), nullable=True),
    sa.Column('updated_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['updated_by_id'], ['users.id'], name=op.f('fk_province_identity_updated_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_province_identity'))
    )


def downgrade():
    op.drop_table('province_identity')
