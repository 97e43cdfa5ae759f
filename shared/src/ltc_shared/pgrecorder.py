"""The PostgreSQL event store with fewer round trips per command.

`eventsourcing` stores a transaction's events with seven statements in a
pipeline (begin, lock timeout, table lock, notify, insert, sync, commit) and
renders every statement anew for each call. Here the same work is one call of
a function that locks the table, notifies and inserts, in one implicit
transaction: the table lock still makes the notification ids commit in order,
so the relay never passes over an id that commits later. Events stored with a
consumer's position still go the library's way, in one transaction with it.
Statements are rendered once.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from uuid import UUID

from eventsourcing.persistence import (
    IntegrityError,
    InterfaceError,
    OperationalError,
    StoredEvent,
    Tracking,
)
from eventsourcing.postgres import PostgresDatastore, PostgresProcessRecorder
from eventsourcing.utils import retry
from psycopg import Cursor
from psycopg.rows import DictRow
from psycopg.sql import SQL, Composed, Identifier

Retried = retry((InterfaceError, OperationalError), max_attempts=10, wait=0.2)


class OneTripRecorder(PostgresProcessRecorder):
    def __init__(
        self,
        datastore: PostgresDatastore,
        *,
        events_table_name: str = "stored_events",
        tracking_table_name: str = "notification_tracking",
    ) -> None:
        super().__init__(
            datastore,
            events_table_name=events_table_name,
            tracking_table_name=tracking_table_name,
        )
        self.insert_function = f"ltc_insert_{events_table_name}"
        self.check_identifier_length(self.insert_function)
        schema = Identifier(self.datastore.schema)
        self.sql_create_statements.append(
            SQL(
                "CREATE OR REPLACE FUNCTION {schema}.{function}"
                "(events {schema}.{event}[]) RETURNS SETOF bigint "
                "LANGUAGE plpgsql AS $BODY$ BEGIN "
                "SET LOCAL lock_timeout = '{lock_timeout}s'; "
                "LOCK TABLE {schema}.{table} IN EXCLUSIVE MODE; "
                "NOTIFY {channel}; "
                "RETURN QUERY INSERT INTO {schema}.{table} "
                "(originator_id, originator_version, topic, state) "
                "SELECT originator_id, originator_version, topic, state "
                "FROM unnest(events) RETURNING notification_id; "
                "END; $BODY$"
            ).format(
                schema=schema,
                function=Identifier(self.insert_function),
                event=Identifier(self.stored_event_type_name),
                table=Identifier(self.events_table_name),
                channel=Identifier(self.channel_name),
                lock_timeout=self.datastore.lock_timeout,
            )
        )
        self.insert_in_one_trip = _rendered(
            SQL("SELECT * FROM {schema}.{function}(%s)").format(
                schema=schema, function=Identifier(self.insert_function)
            )
        )
        self.select_all_events = _rendered(
            self.select_events_statement + SQL(" ORDER BY originator_version ASC")
        )
        self.select_events_after = _rendered(
            self.select_events_statement
            + SQL(" AND originator_version > %s ORDER BY originator_version ASC")
        )
        self.upsert_tracking = _rendered(self.insert_tracking_statement)
        self.select_max_tracking_id = _rendered(self.max_tracking_id_statement)

    def insert_events(
        self, stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> Sequence[int] | None:
        if (
            not stored_events
            or kwargs.get("tracking") is not None
            or self.datastore.enable_db_functions
        ):
            ids: Sequence[int] | None = super().insert_events(stored_events, **kwargs)
            return ids
        inserted: list[int] = self._insert_in_one_trip(stored_events)
        return inserted

    @Retried
    def _insert_in_one_trip(self, stored_events: Sequence[StoredEvent]) -> list[int]:
        rows = [
            self.construct_pg_stored_event(
                e.originator_id, e.originator_version, e.topic, e.state
            )
            for e in stored_events
        ]
        with self.datastore.get_connection() as conn, conn.cursor() as curs:
            curs.execute(self.insert_in_one_trip, (rows,), prepare=True)
            return [row[self.insert_function] for row in curs.fetchall()]

    def select_events(
        self,
        originator_id: UUID | str,
        *,
        gt: int | None = None,
        lte: int | None = None,
        desc: bool = False,
        limit: int | None = None,
    ) -> Sequence[StoredEvent]:
        found: Sequence[StoredEvent]
        if lte is not None or desc or limit is not None:
            found = super().select_events(
                originator_id, gt=gt, lte=lte, desc=desc, limit=limit
            )
        elif gt is None:
            found = self._select(self.select_all_events, (originator_id,))
        else:
            found = self._select(self.select_events_after, (originator_id, gt))
        return found

    @Retried
    def _select(self, query: bytes, params: tuple[Any, ...]) -> list[StoredEvent]:
        with self.datastore.get_connection() as conn, conn.cursor() as curs:
            curs.execute(query, params, prepare=True)
            return [
                StoredEvent(
                    originator_id=row["originator_id"],
                    originator_version=row["originator_version"],
                    topic=row["topic"],
                    state=bytes(row["state"]),
                )
                for row in curs.fetchall()
            ]

    def _max_tracking_id(
        self, application_name: str, curs: Cursor[DictRow]
    ) -> int | None:
        curs.execute(self.select_max_tracking_id, (application_name,), prepare=True)
        found = curs.fetchone()
        assert found is not None
        position: int | None = found["max"]
        return position

    @Retried
    def insert_tracking(self, tracking: Tracking) -> None:
        """One statement in its own implicit transaction, as the position is
        one row updated only forward."""
        if not self.datastore.single_row_tracking:
            super().insert_tracking(tracking)
            return
        with self.datastore.get_connection() as conn, conn.cursor() as curs:
            self._check_has_multi_row_tracking_table(curs)
            curs.execute(
                self.upsert_tracking,
                {
                    "application_name": tracking.application_name,
                    "notification_id": tracking.notification_id,
                },
                prepare=True,
            )
            if curs.fetchone() is None:
                raise IntegrityError(
                    f"Failed to record tracking for {tracking.application_name} "
                    f"{tracking.notification_id}"
                )


def _rendered(statement: Composed) -> bytes:
    """The statement as bytes, so psycopg does not render it on every call."""
    return statement.as_bytes(None)
