"""turn updates: links from a turn to the earlier turns of the same speaker it updates

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-03 10:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Cascades on every foreign key: deleting a user, a session (its turns) or either turn
    # removes the link in the database itself, whichever path deletes.
    op.create_table(
        "turn_updates",
        sa.Column("turn_id", sa.String(length=32), nullable=False),
        sa.Column("earlier_turn_id", sa.String(length=32), nullable=False),
        sa.Column("user_id", sa.String(length=200), nullable=False),
        sa.Column("similarity", sa.Float(), nullable=False),
        sa.Column("cue", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["earlier_turn_id"],
            ["turns.id"],
            name=op.f("fk_turn_updates_earlier_turn_id_turns"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["turn_id"],
            ["turns.id"],
            name=op.f("fk_turn_updates_turn_id_turns"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_turn_updates_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("turn_id", "earlier_turn_id", name=op.f("pk_turn_updates")),
    )
    op.create_index(
        op.f("ix_turn_updates_earlier_turn_id"), "turn_updates", ["earlier_turn_id"], unique=False
    )
    op.create_index(op.f("ix_turn_updates_user_id"), "turn_updates", ["user_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_turn_updates_user_id"), table_name="turn_updates")
    op.drop_index(op.f("ix_turn_updates_earlier_turn_id"), table_name="turn_updates")
    op.drop_table("turn_updates")
