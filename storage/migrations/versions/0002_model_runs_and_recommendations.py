"""model runs and recommendations

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 08:19:41.779390
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('model_runs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('model', sa.String(length=40), nullable=False),
    sa.Column('params', sa.JSON(), nullable=False),
    sa.Column('device', sa.String(length=200), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False, comment='completed / cancelled / failed'),
    sa.Column('started_at', sa.DateTime(), nullable=False),
    sa.Column('finished_at', sa.DateTime(), nullable=True),
    sa.Column('fit_seconds', sa.Float(), nullable=True),
    sa.Column('split', sa.JSON(), nullable=False, comment='how the holdout was made, and its sizes'),
    sa.Column('metrics', sa.JSON(), nullable=False),
    sa.Column('curves', sa.JSON(), nullable=False, comment='per epoch: train and validation loss'),
    sa.Column('model_path', sa.String(length=1000), nullable=True),
    sa.Column('is_active', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('recommendations',
    sa.Column('run_id', sa.Integer(), nullable=False),
    sa.Column('customer_id', sa.Integer(), nullable=False),
    sa.Column('rank', sa.Integer(), nullable=False),
    sa.Column('product_id', sa.Integer(), nullable=False),
    sa.Column('score', sa.Float(), nullable=False),
    sa.Column('reason', sa.String(length=300), nullable=False),
    sa.ForeignKeyConstraint(['customer_id'], ['customers.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['product_id'], ['products.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['run_id'], ['model_runs.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('run_id', 'customer_id', 'rank')
    )


def downgrade() -> None:
    op.drop_table('recommendations')
    op.drop_table('model_runs')
