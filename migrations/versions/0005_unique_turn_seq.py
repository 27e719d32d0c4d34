"""unique turn positions: renumber turns that concurrent appends stored under a shared seq,
then make (session_id, seq) unique

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01 22:10:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Sessions where an older server let concurrent appends share a position.
AFFECTED = """
SELECT id, session_id FROM turns
WHERE session_id IN (SELECT session_id FROM turns GROUP BY session_id, seq HAVING COUNT(*) > 1)
ORDER BY session_id, seq, id
"""


def upgrade() -> None:
    # Each turn of an affected session takes its rank in (seq, id) order, the order pages and
    # working memory already used, so no turn moves relative to another. Ranked in Python:
    # SQLite's UPDATE would see its own earlier row changes inside a correlated subquery.
    connection = op.get_bind()
    positions: dict[str, int] = {}
    for turn_id, session_id in connection.execute(sa.text(AFFECTED)).all():
        seq = positions.get(session_id, 0)
        positions[session_id] = seq + 1
        connection.execute(
            sa.text("UPDATE turns SET seq = :seq WHERE id = :id"), {"seq": seq, "id": turn_id}
        )
    op.drop_index("ix_turns_session_seq", table_name="turns")
    op.create_index("ix_turns_session_seq", "turns", ["session_id", "seq"], unique=True)


def downgrade() -> None:
    op.drop_index("ix_turns_session_seq", table_name="turns")
    op.create_index("ix_turns_session_seq", "turns", ["session_id", "seq"], unique=False)
