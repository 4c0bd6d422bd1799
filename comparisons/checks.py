"""The comparisons' content checklist: errors block publishing, warnings do not."""

from articles.editorial.checks import ERROR, OK, WARNING, Check


def comparison_checks(comparison, *, concept_count):
    checks = [
        Check(OK, "Title", "Title is present.")
        if comparison.title.strip()
        else Check(ERROR, "Title", "Write a title.", "title"),
        Check(OK, "Verdict", "The short answer is written.")
        if comparison.verdict.strip()
        else Check(ERROR, "Verdict", "Write the short answer readers see first.", "verdict"),
        Check(OK, "Introduction", "Introduction is written.")
        if comparison.introduction.strip()
        else Check(ERROR, "Introduction", "Write the introduction.", "introduction"),
        Check(OK, "Concepts", f"{concept_count} concepts side by side.")
        if 2 <= concept_count <= 3
        else Check(ERROR, "Concepts", "A comparison needs two or three concepts."),
    ]
    if not comparison.similarities.strip():
        checks.append(
            Check(WARNING, "Similarities", "No similarities: readers like to know the overlap.")
        )
    return checks
