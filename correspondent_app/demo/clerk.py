"""What a clerk does at the counter before issuing, scripted: for the demo, the self-test and benchmarks.

The counter records each of these by hand (documents ticked, competence
confirmed, warnings given, the pre-issue review's warnings acknowledged);
a scripted sample case does the same through the same registry services,
so the guards of ``certificates.issue`` are never bypassed, only satisfied.
"""

from __future__ import annotations

from datetime import date

from correspondent_app.domain.guards import required_documents

SAMPLE_NOTE = "Δείγμα: ελέγχθηκε από τον Ανταποκριτή"


def settle_for_issue(registry, case_id: int, *, on: date | None = None, note: str = SAMPLE_NOTE) -> list[str]:
    """Record what the pre-issue review asks of a sample case; returns what is still missing (data, not acts)."""
    case = registry.cases.get(case_id)
    decision = case.decision
    if decision is None:
        return ["decision"]
    documents = {item.id for item in required_documents(decision)} | set(case.documents_received)
    if set(case.documents_received) != documents:
        registry.cases.record_documents(case_id, sorted(documents))
    if case.competent_here is not True:
        registry.cases.set_competence(case_id, True)
    warnings = [w for w in decision.warnings if w.acknowledge]
    if any(w.id not in case.warnings_given for w in warnings):
        proof = next((option.id for w in warnings for option in w.options), "")
        registry.cases.set_warnings_given(case_id, [w.id for w in warnings], proof or case.residence_proof)
    for problem in registry.certificates.review(case_id, on=on):
        if problem.acknowledge:
            registry.cases.acknowledge(case_id, problem.key, note)
    return [problem.message for problem in registry.certificates.review(case_id, on=on)]
