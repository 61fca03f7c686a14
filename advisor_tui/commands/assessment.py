"""`advisor-tui assessment …`: check the questionnaire file after editing it."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from advisor_tui.commands.common import fail, out
from advisor_tui.i18n import t
from advisor_tui.models.errors import AdvisorError


def register(app: typer.Typer) -> None:
    assessment = typer.Typer(
        name="assessment",
        help=t("assessment.cli.help"),
        no_args_is_help=True,
        rich_markup_mode=None,
    )

    @assessment.command("check", help=t("assessment.cli.check_help"))
    def check_command(
        file: Annotated[
            Path | None, typer.Argument(help=t("assessment.cli.arg_file"), show_default=False)
        ] = None,
    ) -> None:
        from advisor_tui.models.questionnaire import parse_questionnaire, questionnaire_source

        path, name = (file, str(file)) if file is not None else questionnaire_source()
        try:
            questionnaire = parse_questionnaire(path, name)
        except AdvisorError as exc:
            fail(exc)
        out.print(
            t(
                "assessment.cli.valid",
                file=name,
                version=questionnaire.version,
                areas=len(questionnaire.areas),
                flags=len(questionnaire.red_flags),
            ),
            markup=False,
        )

    app.add_typer(assessment)
