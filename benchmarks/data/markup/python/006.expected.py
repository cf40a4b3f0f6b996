class Bureau:
    """A news bureau, e.g. the one in Kyiv or Dnipro.

    Attributes:
        slug: URL key, such as ``kiev``; never changes.
        display: the name shown to readers.
    """

    slug: str
    display: str

    def __init__(self, slug: str, display: str) -> None:
        self.slug = slug
        self.display = display

    def __repr__(self) -> str:
        return f"Bureau({self.slug!r}, {self.display!r})"


KIEV = Bureau("kiev", "Kyiv")  # the Kyiv bureau; constant name kept for imports
DNEPR = Bureau("dnepr", "Dnipro")
