"""python manage.py import_report FILE [--dry-run] [--format text|json] [--no-links]"""

import json
import sys

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DatabaseError
from django.db.models import Q

from tracker.importer import ParsedReport, ReportImportError, parse_report, read_report_file
from tracker.importer.links import LinkSuggestion, select_links, suggest_links
from tracker.importer.service import report_import
from tracker.jurisdictions import match_issuer
from tracker.lineage import KEY_KIND, PAIRING_KEYS, continuity_json, previous_report, proposals
from tracker.models import Jurisdiction, Report
from tracker.services.lineage import ContinuityPlan, Pairing

_KIND_NAMES = {"shortfall": "不足", "cause": "原因", "task": "任务"}


class Command(BaseCommand):
    help = (
        "导入一份法治政府建设情况报告(.docx、带文字的 .pdf、浏览器保存的 .html/.mhtml,或 UTF-8/GB18030 的 .txt)。"
        "默认在一个事务中创建报告、事项和得分达到阈值的建议关联,并打印摘要。"
        "若数据库中已有同一发文机关(或辖区)上一年度的报告,则与之衔接:"
        "列出有把握的屡查屡犯和延续任务配对,写入时一并保存。"
        "--dry-run 只解析不写入。--format json 在标准输出只打印解析结果(JSON);"
        "是否写入仍只由 --dry-run 决定,写入结果打印到标准错误。"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="报告文件路径(.docx、.pdf、.html、.mhtml 或 .txt)")
        parser.add_argument("--dry-run", action="store_true", help="只解析并显示结果,不写入数据库")
        parser.add_argument(
            "--format", choices=["text", "json"], default="text", help="输出格式(默认 text)"
        )
        parser.add_argument("--no-links", action="store_true", help="不创建建议的关联")
        parser.add_argument(
            "--jurisdiction",
            help="报告所属辖区的名称或简称(如“蓟州区”);默认按发文机关匹配",
        )

    def handle(self, *args, **options) -> None:
        try:
            text = read_report_file(options["file"])
            parsed = parse_report(text)
        except ReportImportError as error:
            raise CommandError(str(error)) from error
        links = [] if options["no_links"] else select_links(suggest_links(parsed))
        try:
            jurisdiction = self._jurisdiction(parsed, options["jurisdiction"])
            previous = previous_report(
                issuer=parsed.issuer, year=parsed.year, jurisdiction=jurisdiction
            )
            continuity = continuity_json(parsed, previous)
        except DatabaseError:
            if not options["dry_run"]:
                raise
            # A dry run reads the file even without a database.
            jurisdiction, previous, continuity = None, None, continuity_json(parsed, None)
        if options["format"] == "json":
            found = parsed.to_json()
            found["jurisdiction"] = jurisdiction.name if jurisdiction else None
            found["previous_report"] = previous.title if previous else None
            found["continuity"] = continuity
            self.stdout.write(json.dumps(found, ensure_ascii=False, indent=2))
        else:
            self._print_summary(parsed, links)
            self._print_continuity(previous, continuity)
        if options["dry_run"]:
            self._note(options, "试运行:未写入数据库。")
            return
        try:
            report = report_import(
                parsed=parsed,
                source_text=text,
                links=links,
                jurisdiction=jurisdiction,
                continuity=self._plan(parsed, previous, jurisdiction),
            )
        except ReportImportError as error:
            raise CommandError(str(error)) from error
        self._note(options, f"已导入报告 #{report.pk}:{report.title}(关联 {len(links)} 条)。")

    def _jurisdiction(self, parsed: ParsedReport, name: str | None) -> Jurisdiction | None:
        """The jurisdiction named on the command line, else the one the issuer names."""
        if name:
            found = Jurisdiction.objects.filter(Q(name=name) | Q(short_name=name))
            if found.count() != 1:
                raise CommandError(f"没有唯一名为“{name}”的辖区。")
            return found.get()
        return match_issuer(parsed.issuer, Jurisdiction.objects.all())

    def _plan(self, parsed: ParsedReport, previous: Report | None, jurisdiction):
        """The confident pairs, saved with the report (fates are for the preview to decide)."""
        if previous is None or jurisdiction is None or previous.jurisdiction_id != jurisdiction.pk:
            return None
        saved, found = proposals(parsed, previous)
        pairings = []
        for key, pairs in found.items():
            kind = PAIRING_KEYS[key]
            old = saved.numbered(kind)
            pairings += [
                Pairing(KEY_KIND[key], (kind, p.new), old[p.old].pk, p.score, p.shared)
                for p in pairs
            ]
        return ContinuityPlan(previous=previous, pairings=pairings)

    def _print_continuity(self, previous: Report | None, continuity: dict) -> None:
        out = self.stdout.write
        if previous is None:
            out("上一年度报告:(数据库中没有)")
            return
        out(f"上一年度报告:{previous.title}")
        for pair in continuity["repeats"]:
            out(
                f"  屡查屡犯:不足{pair['shortfall']} ← 上一年度不足{pair['previous_shortfall']}"
                f"({pair['score']:.2f},{'、'.join(pair['shared'])})"
            )
        for pair in continuity["continues"]:
            out(
                f"  延续任务:任务{pair['task']} ← 上一年度任务{pair['previous_task']}"
                f"({pair['score']:.2f},{'、'.join(pair['shared'])})"
            )
        for item in continuity["unfinished"]:
            out(f"  上一年度未完成:{item['label']} {item['title']}")

    def _note(self, options: dict, message: str) -> None:
        """In JSON mode stdout carries the JSON only; notes go to stderr."""
        if options["format"] == "json":
            self.stderr.write(message)
        else:
            self.stdout.write(self.style.SUCCESS(message))

    def _print_summary(self, parsed: ParsedReport, links: list[LinkSuggestion]) -> None:
        out = self.stdout.write
        out(f"标题:{parsed.title}")
        out(f"发文机关:{parsed.issuer or '(未识别)'}  年度:{parsed.year or '(未识别)'}")
        out(f"成文日期:{parsed.signed or '(未识别)'}  发布日期:{parsed.published or '(未识别)'}")
        out(
            f"举措 {len(parsed.measures)} 项,不足 {len(parsed.shortfalls)} 项,"
            f"原因 {len(parsed.causes)} 项,任务 {len(parsed.tasks)} 项。"
        )
        for kind, items in (
            ("shortfall", parsed.shortfalls),
            ("cause", parsed.causes),
            ("task", parsed.tasks),
        ):
            for item in items:
                out(f"  {_KIND_NAMES[kind]}{item.number}:{item.title}")
        for link in links:
            out(
                f"  关联:{_KIND_NAMES[link.source_kind]}{link.source_number} → "
                f"{_KIND_NAMES[link.target_kind]}{link.target_number}({link.score:.2f},{link.reason})"
            )
        for warning in parsed.warnings:
            out(self.style.WARNING(f"提示:{warning}"))
        if parsed.unplaced:
            out(self.style.WARNING(f"未归类的段落 {len(parsed.unplaced)} 段:"))
            for fragment in parsed.unplaced:
                out(f"  · {fragment[:60]}{'…' if len(fragment) > 60 else ''}")
        sys.stdout.flush()
