"""The patterns that recognise page furniture by what a line says: widget
phrases, picture credits and captions, bylines, credits, date lines,
link-box and newsletter headings."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..cues.agencies import AGENCY as _AGENCY
from ..cues.dates import AGO, DATE_ITEM, DATE_PREFIX, TIME
from ..fingerprint import STOPWORDS
from ..kernels.literals import Literals, fold_for_words
from .lines import WORD, Line

# --- Patterns --------------------------------------------------------------
#
# Each rule matches a whole line (case-insensitive) no longer than
# ``max_words``; ``what`` starts the reason a reader sees.


@dataclass(frozen=True)
class Rule:
    category: str
    what: str
    pattern: re.Pattern[str]
    max_words: int = 12
    # A line the pattern matches holds one of these (lower case). Checked
    # first where the pattern would read the whole line before failing: a
    # phrase at its end after ``.*`` is tried from every position.
    hints: tuple[str, ...] = ()


def _rule(
    category: str,
    what: str,
    pattern: str,
    max_words: int = 12,
    flags: int = re.IGNORECASE,
    hints: tuple[str, ...] = (),
) -> Rule:
    return Rule(category, what, re.compile(pattern, flags), max_words, hints)


_PHOTO_AGENCY = (
    r"(?:afp|ap|reuters|epa(?:-efe)?|getty images|anadolu(?: agency)?|bloomberg|pool|sopa images|nurphoto|xinhua|"
    r"sipa(?: usa)?|shutterstock|alamy|handout|upi|tass|sputnik|ap photo|dpa|imago|zuma(?: press)?)"
)
# Names are matched case-sensitively even inside case-insensitive rules.
_NAME = r"(?-i:[A-Z][a-zà-ÿ'’-]+|[A-Z][A-Z'’-]+|[A-Z]\.|Mc[A-Z][a-z]+)"
_PERSON = rf"{_NAME}(?:\s+(?:(?:de|van|von|da|der|del|di|du|dos|al|bin|la|le)\s+)?{_NAME}){{1,2}}"
_PEOPLE = rf"{_PERSON}(?:\s*(?:,|&|\band\b)\s*(?:and\s+)?{_PERSON})*"
# A capitalised title ("New York Times"): case-sensitive like names.
_TITLE = r"(?-i:(?:The )?[A-Z][\w.&'’-]*(?:\s+(?:of\s+|and\s+|&\s+)?[A-Z][\w.&'’-]*){0,6})"

RULES: tuple[Rule, ...] = (
    _rule(
        "comments",
        "comment-widget text",
        r"(?:no|\d+|one|zero) (?:comments?|responses?|replies)\s*:?|post a comment|comments?\s*(?:\(\d+\))?"
        r"|(?:leave|add|write|post) (?:a |your )?(?:comment|reply)(?: below| here)?[.!:]?"
        r"|(?:comments?|commenting) (?:are|is|has been|have been) (?:now )?(?:closed|disabled|turned off)\b.{0,40}"
        r"|(?:show|view|load|hide|read|see) (?:all )?(?:\d+ )?comments?"
        r"|join the (?:conversation|discussion)|(?:log|sign) in to (?:comment|reply)\b.{0,40}"
        r"|be the first to comment\.?|you must be logged in to post a comment\.?"
        r"|subscribe to:? post comments(?: \(atom\))?|post comments \(atom\)|comment policy"
        r"|discussion about this (?:post|article|story)"
        # a thread's widgets and the comment form
        r"|\[?\s*reply\s*\]?|reply (?:to (?:this|comment|this comment|this parent)(?: share)?|delete)"
        r"|(?:flag as inappropriate|report abuse|report this comment|report)|link to this comment:?"
        r"|re: \(score: ?\d+\)|responses? \(\d+\)|leave a (?:reply|comment)(?: cancel reply)?|cancel reply"
        r"|this is only a preview\. your comment has not yet been posted\.?|verify your comment"
        r"|e-?mail check failed, please try again\.?|please enter a valid e-?mail address\.?"
        r"|your e-?mail address will not be published\.?(?: required fields are marked \*)?|(?:name|e-?mail) \*"
        r"|(?:please )?enable javascript to view the comments(?: powered by disqus)?\.?"
        r"|(?:blog )?comments powered by disqus\.?|notify me of (?:follow-?up comments|new posts)\b.{0,40}",
        max_words=16,
    ),
    _rule(
        "newsletter",
        "newsletter prompt",
        r"(?:subscribe|sign up|signup|register)(?: now| today| free| here)? (?:to|for) (?:our|my)\b.*"
        r"(?:newsletter|briefing|digest|updates|alerts|bulletin)\b.*|newsletter(?: sign[- ]?up)?"
        r"|subscribe(?: now| today| for free)?[.!]?|sign up(?: now| today| here)?[.!]?"
        r"|(?:get|receive) .{0,60}\b(?:in|to) your inbox\b.*|enter your e-?mail\b.*|your e-?mail(?: address)?:?"
        r"|by (?:clicking|signing up|subscribing)\b.{0,40}\byou agree\b.*|thank you for (?:signing up|subscribing)\b.*"
        r"|thanks for reading\b.{0,60}\bsubscribe\b.*",
        max_words=30,
    ),
    _rule(
        "share",
        "share buttons",
        r"(?:share|share this(?: article| story| post| page)?|share on \w+|share via \w+|click to share\b.{0,40}"
        r"|follow us(?: on [\w ,&]+)?|tweet|copy link|e-?mail this|print this(?: article| page)?|like this|"
        r"like loading\.*)\s*:?"
        r"|(?:(?:share(?: to| on)? \w+|share|tweet|e-?mail(?: this)?|blogthis!?|print|copy link|facebook|twitter|x"
        r"|whatsapp|linkedin|reddit|pinterest|telegram|threads|bluesky|flipboard|messenger)\s*[|·•/,]?\s*){2,}"
        r"|e-?mail|twitter|facebook|rss|linkedin|pinterest|whatsapp|reddit|share tweet(?: this)?"
        # what a sharing widget says when it fails
        r"|post was not sent - check your e-?mail addresses!?|e-?mail check failed, please try again\.?"
        r"|sorry, your blog cannot share posts by e-?mail\.?|bookmark(?:/search)? this (?:post|article|story) with:?",
        max_words=16,
    ),
    _rule(
        "advert",
        "advertisement label",
        r"(?:(?:advertisement|advertising|ad|sponsored(?: content| post| by [^,.;]{1,40})?"
        r"|paid (?:content|post|partner(?:ship)?)|promoted(?: content| stories)?|partner content"
        r"|(?:story|article) continues below(?: advertisement)?|scroll (?:down )?to continue(?: with content| reading)?"
        r"|continue reading below|skip advert(?:isement)?)\s*:?\s*[|·•-]?\s*){1,3}",
        max_words=10,
    ),
    _rule(
        "navigation",
        "navigation link",
        r"(?:home|menu|main menu|search|skip to (?:main )?content|back to top|go to top|close|open menu"
        r"|(?:next|previous|prev) (?:article|story|post|page)|(?:newer|older) posts?|newer post\s+older post\s+home"
        r"|contact us|about us|privacy policy|terms of (?:use|service)|site ?map"
        r"|page \d+ of \d+|(?:home|news)(?:\s*[>»›]\s*|\s+[/|]\s+)\S.*)\s*:?",
    ),
    _rule(
        "navigation",
        "breadcrumb trail",
        r"(?:[^:»›]{1,40}:\s*)?(?:[^»›.!?]{1,40}?\s*[»›]\s*){2,}[^»›.!?]{1,60}",
        hints=("»", "›"),
    ),
    # A blog's links to the posts before and after this one (TypePad's
    # "« Previous title | Main | Next title »"), and a link marked with a
    # guillemet pointing back ("« Back to blog") or on ("View the full
    # gallery »"). A quotation in French guillemets opens and closes on one
    # line, and a paragraph that carries one on is longer.
    _rule(
        "navigation",
        "links to the previous and next posts",
        r"«.{1,300}?\|\s*main(?:\s*\|.{1,300})?|main\s*\|.{1,300}»",
        max_words=60,
        hints=("main",),
    ),
    _rule("navigation", "link back", r"«\s*[^«»]{1,200}", max_words=16, hints=("«",)),
    _rule("related-links", "link on", r"[^«»]{1,200}?\s»", hints=("»",)),
    _rule(
        "other",
        "page widget",
        r"(?:listen to (?:this|the) (?:article|story)(?: \d+ min(?:ute)?s?)?|\d+\s*min(?:ute)?s? read"
        r"|(?:estimated )?read(?:ing)? time:?\s*\d+\s*min(?:ute)?s?|print|font size|text size|save(?: article| story)?"
        r"|gift (?:this )?article|bookmark|photo gallery|enlarge this image|show key events only|\d+ likes?|restacks?"
        r"|(?:[^|]{1,80}\|\s*)?(?:labels|tags|tagged(?: as| with)?|(?:related )?topics|filed under)\s*:\s*.{1,200}"
        r"|posted in .{1,80}\|\s*tagged\b.*"
        r"|posted in:?\s[^.!?]{1,80})\s*:?"
        # what a page says of itself: reading on, scripts, cookies, its ads
        r"|continue (?:reading(?: the main story| below)?|article)|(?:please )?enable javascript\b.{0,100}"
        r"|this (?:page|site) is best viewed (?:in|with)\b.{0,120}|your privacy is important to us\b.{0,200}"
        r"|(?:this (?:site|website) uses|we use) cookies\b.{0,200}|accept(?: all)? cookies|cookie (?:policy|settings)"
        r"|ad ?choices|advertise(?: with us)?(?:\s*\|\s*ad ?choices)?|archives|site feed|submit|cancel"
        r"|(?:blog |site )?powered by (?:typepad|wordpress|blogger|disqus)\.?",
        max_words=40,
    ),
    _rule(
        "other",
        "what the page says of the post",
        # a blog's filing line, a newspaper's print edition, its reprint desk,
        # its market data, its paywall
        r"this entry was (?:posted|written|filed)\b.*|you can follow any responses to this entry\b.*"
        r"|a version of this (?:article|story|review|column|report) (?:appeared|appears|was published) in print\b.*"
        r"|dow jones reprints:.*|see a sample reprint in pdf format\b.*|order a reprint of this article now\.?"
        r"|.{0,80}\bquotes (?:are )?delayed\b.*|real-time u\.s\. stock quotes reflect\b.*"
        r"|to (?:read|view|continue reading) (?:this|the) (?:full )?(?:article|story)(?: in full)?,?"
        r" (?:you must|please)\b.*"
        # a blog theme's line under the post, and its comments' feed
        r"|.{0,200}\bbookmark the permalink\b.*|(?:the )?rss feed for comments on this (?:post|entry)\b.*",
        max_words=60,
        hints=("entry", "print", "reprint", "quotes", "read", "view", "permalink", "rss feed for comments"),
    ),
    # What the page's widgets print around the post and its comments.
    _rule(
        "other",
        "page widget",
        r"your comment could not be posted\b.{0,80}|do you like this (?:story|article|post)\??"
        r"|printer[- ]friendly (?:version|page|format)\b.{0,80}"
        r"|must be registered to (?:respond|comment|post)\b.{0,80}"
        # a blog's pitch for its feed and its buttons, under the post
        r"|if you (?:enjoyed|liked) this (?:post|article|entry)\b.{0,200}"
        r"|if you're new here,? you may want to subscribe\b.{0,200}",
        max_words=40,
        hints=("your comment", "like this", "printer", "registered", "enjoyed this", "liked this", "new here"),
    ),
    # What a page's video or widget prints when the reader's browser lacks
    # what it needs ("Media requires JavaScript and Adobe Flash to play.",
    # "Get the Flash Player to see this player.").
    _rule(
        "other",
        "media notice",
        r".{0,120}\b(?:requires?|needs?|get|download|install|enable|turn on)(?: your computer to have| that)?"
        r"(?: the)?(?: latest)? (?:javascript|adobe flash|flash(?: player| plug-?in))\b.{0,80}?"
        r"\b(?:to (?:play|view|see|watch|run|use)|(?:be )?(?:enabled|installed)|in your browser)\b.{0,160}",
        max_words=40,
        hints=("javascript", "flash"),
    ),
    _rule("other", "link prompt", r"click here\b.*", max_words=16, hints=("click here",)),
    _rule(
        "related-links",
        "link to another article",
        r"(?:read more|also read|read also|related(?: sites| newsletters| links| stories| articles)?|see also|read next"
        r"|more|watch|listen|read (?:the )?article"
        r"|read (?:the )?(?:full )?story)\s*:\s*(?-i:[A-Z0-9“\"‘']).*",
        max_words=25,
    ),
    # "13 hrs ago Top 5 American cities for startups": a headline, no
    # sentence ("An hour ago I spoke to the minister.").
    _rule(
        "related-links",
        "teaser with its age",
        r"\d+\s+(?:seconds?|minutes?|mins?|hours?|hrs?|days?|weeks?)\s+ago\s+(?-i:[A-Z0-9“\"‘']).{1,200}(?<![.!?])",
        max_words=25,
    ),
    # "lindsay lohan 3:57 PM 0 In Lindsay Lohan's Beautiful Mind, …": a
    # tag, the time, the count of comments and the headline.
    _rule(
        "related-links",
        "teaser with its time",
        r"(?-i:[a-z][\w'’&-]*(?: [\w'’&-]+){0,4} )?\d{1,2}:\d{2} ?[ap]\.?m\.? \d+"
        r" (?-i:[A-Z0-9“\"‘']).{1,200}(?<![.!?])",
        max_words=30,
        hints=("am ", "pm ", "a.m. ", "p.m. "),
    ),
    _rule(
        "related-links",
        "trackbacks",
        r"listed below are links to (?:weblogs|blogs|sites) that reference\b.*",
        max_words=40,
        hints=("listed below",),
    ),
    _rule(
        "dateline",
        "publication-date line",
        rf"{DATE_PREFIX}(?:{DATE_ITEM}|{AGO})(?:\s*[|·•,;/-]\s*{DATE_PREFIX}?(?:{DATE_ITEM}|{AGO}))*"
        rf"(?:\s+by\s+\S.{{0,40}})?|{TIME}|{AGO}",
        max_words=20,  # "PUBLISHED: 10:48, Tue, Nov 19, 2019 | UPDATED: 11:02, Tue, Nov 19, 2019"
    ),
    _rule(
        "byline",
        "byline",
        rf"(?:written |story |words |interview |analysis |commentary |opinion |text |posted )?by\s+{_PEOPLE}"
        rf"(?:\s*(?:,|\||-|–|—|·)\s*.{{0,60}}|\s+(?:at|in)\s+{_TITLE}|\s+{_AGENCY}|\s+at\s+{TIME}"
        r"|\s+(?:updated|published|posted)\b.{0,60})?",  # "By NAME Updated Nov 13, 2019, 10:28am EST"
        16,
    ),
    _rule("byline", "byline with date", rf"{_PEOPLE}\s*[·|•]\s*{DATE_PREFIX}?{DATE_ITEM}", 16, hints=("·", "|", "•")),
    _rule("byline", "blog byline", r"posted by\s+\S+(?:\s+\S+){0,2}(?:\s+(?:at|on)\s+.{1,40})?", 12),
    _rule(
        "credit",
        "credit for the text",
        rf"\(?{_AGENCY}\)?\.?|[—–-]\s*{_AGENCY}|{_TITLE}\s(?:news service|wire service|newswire)\.?"
        # the agency and the story's date ("Associated Press - January 10, 2008 3:23 PM ET")
        rf"|\(?{_AGENCY}\)?\s*[-–—|,·]\s*{DATE_PREFIX}?{DATE_ITEM}(?:\s*[|·•,;/-]?\s*{DATE_PREFIX}?{DATE_ITEM})*"
        rf"|\(?(?:with )?(?:additional )?(?:reporting|writing|editing|compiled|translation|translated|fact-checking)"
        rf" by\s+{_NAME}.*|[—–-]*\s*with assistance from\s+{_NAME}.*"
        r"|(?:©|\(c\))\s*.*|copyright\s*(?:©|\(c\)|\d{4}).*"
        r"|source:\s*.+|our standards:.*trust principles\.?|to contact the (?:reporter|editor|author)s? .*"
        r"|this (?:article|story|report|piece) (?:was )?(?:originally |first )(?:appeared|published|ran)\b.*"
        r"|(?-i:[a-z]{2,4}(?:[-/][a-z]{2,4}){1,5})",
        max_words=40,
    ),
    _rule(
        "credit",
        "credit for the text",
        r".*\bcontributed (?:reporting|to this (?:report|story|article))\.?\)?|.*\ball rights reserved\.?",
        max_words=40,
        hints=("contributed", "all rights reserved"),
    ),
    _rule(
        "newsletter",
        "newsletter prompt",
        r".{0,80}\b(?:receive|get) our (?:free )?(?:daily |weekly )?(?:e-?(?:mail )?)?newsletters?"
        r"(?: today| now)?[.!]?",
        max_words=30,
        hints=("newsletter",),
    ),
    _rule(
        "caption",
        "photo caption",
        r".{2,250}?\s(?:view full size|view larger(?: image)?|click (?:here )?to enlarge|enlarge (?:photo|image))\s*",
        max_words=40,
        hints=("full size", "larger", "enlarge"),
    ),
    _rule(
        "caption",
        "picture credit line",
        r"(?:file |top |main |header |featured )?(?:photo|photograph|image|picture|pic|video|graphic|illustration|"
        rf"photos|images)s?(?:\s*(?:credit|courtesy|source))?\s*(?::|[-–—|]|by\s+{_NAME})\s*.{{2,120}}"
        r"|(?:image|media|video) (?:caption|source)\s*[,:]\s*.+",
        max_words=40,
    ),
)

MAX_RULE_WORDS = max(rule.max_words for rule in RULES)

# A picture credit at the end of a line: the rest of the line is its caption.
# It ends the line with no full stop after it, unless it sits in brackets.
TRAILING_CREDIT = re.compile(
    # "AP Photo/Evan Vucci", "REUTERS/Kevin Lamarque": a name after the
    # slash, not a sentence ("a Reuters/Ipsos poll, the two candidates …").
    rf"(?:\(?(?:AP|AFP|REUTERS|Reuters|EPA)\s*(?:Photo)?\s*/\s*(?-i:[A-Z][\w.'’-]*(?:[ \t]+[A-Z][\w.'’-]*){{0,4}})\)?"
    rf"|(?<!\w)(?:{_NAME}\s+){{0,4}}{_NAME}\s*/\s*{_PHOTO_AGENCY}(?:\s+via\s+(?:getty images|reuters|ap|bloomberg))?"
    r"|\bvia (?:getty images|reuters|ap|afp|bloomberg)|[/:|]\s*(?:getty images|shutterstock|istock(?:photo)?|alamy)"
    r"|\((?:photo|image|picture)\b[^()]{0,80}\))\s*$",
    re.IGNORECASE,
)
# What a picture caption says and an article sentence does not.
CAPTION_PHRASE = re.compile(
    r"\bin this (?:\w+\s+){0,3}(?:photo|photograph|image|picture|still|screengrab|screen grab|grab|handout|video)\b"
    r"|\b(?:is|are) (?:seen|pictured|shown) (?:in|at|on|during|after|before|as|with|here)\b|\bpictured\b"
    r"|\bposes? for (?:a )?(?:photo|picture|portrait)|\b(?:photo|image|picture) (?:taken|released|obtained|provided)\b"
    r"|\bfile (?:photo|picture|image)\b",
    re.IGNORECASE,
)
# A caption with no credit beside it still names the picture after a comma:
# "…, in this handout picture taken on March 3".
STANDALONE_CAPTION = re.compile(
    r",\s+in this (?:\w+\s+){0,3}(?:photo|photograph|image|picture|still|screengrab|screen grab|grab|handout)\b",
    re.IGNORECASE,
)
# Every caption phrase holds one of these; most lines hold none.
CAPTION_HINTS = ("photo", "image", "picture", "pictured", "seen", "shown", "still", "grab", "handout", "video")
CREDIT_TAIL = 160
CREDIT_HINTS = ("/", "via ", "getty", "shutterstock", "istock", "alamy", "(photo", "(image", "(picture")
HINT_LITERALS = Literals(CAPTION_HINTS + CREDIT_HINTS[1:])  # and "/", one character

# Link-box headings: the short, title-like lines after one are its links.
LINK_BOX = re.compile(
    r"(?:related(?: articles?| stories| posts| coverage| content| news| reading| links| topics| sites| newsletters"
    r"| (?:on|from|at) \S+(?: \S+)?)?"
    r"|read (?:more|also|next)|see also|also (?:read|see)|more (?:from|on|in|like this|stories|news|articles|"
    r"coverage)\b.{0,40}|you (?:may|might) (?:also )?(?:like|enjoy|be interested in)"
    r"|recommended(?: for you| stories| articles| reading)?|(?:top|trending|popular|latest|featured)"
    r"(?: trending| stories| news| headlines| now| articles| posts| today| this week)+"
    r"|most (?:read|popular|viewed|shared|commented)(?: stories| articles| today| this week)?"
    r"|in case you missed it|what to read next|more to explore"
    r"|further reading)\s*:?",
    re.IGNORECASE,
)
# Headings that also head editorial boxes ("Editor's pick: Price: £135"): the
# lines after them must look like headlines before they count as links.
WEAK_LINK_BOX = re.compile(
    r"(?:top|trending|popular|latest|featured|editor'?s'? picks?|don'?t miss|up next|watch next|sponsored content)"
    r"\s*:?",
    re.IGNORECASE,
)
# A section's box ("Latest Bieber News:", "Top NASCAR Articles", "More U.S.
# Headlines"): weak too. Unlike the headings above, it does not end a link
# box's run: a box of the site's other sections' links goes on through it.
SECTION_BOX = re.compile(
    r"(?:top|latest|more)(?: [^\s:]+){1,3} (?:news|stories|headlines|articles|posts)\s*:?", re.IGNORECASE
)
KEY_VALUE = re.compile(r"^[^:]{1,30}:\s*\S+(?:\s+\S+){0,2}$")
# Lines that belong to a newsletter box after its prompt.
NEWSLETTER_BODY = re.compile(
    r"\b(?:e-?mail|inbox|sign[- ]?up|subscribe|unsubscribe|privacy (?:policy|notice)|terms of (?:use|service)"
    r"|newsletter)\b",
    re.IGNORECASE,
)
NAMES_ONLY = re.compile(rf"{_PEOPLE}")
BARE_DATE = re.compile(rf"{DATE_ITEM}(?:\s*[|·•,;/-]\s*{DATE_ITEM})*\.?", re.IGNORECASE)  # "January 17, 2005."
INITIAL = re.compile(r"\b[A-Z]\.(?:\s|$)")


def quote(text: str, width: int = 60) -> str:
    text = " ".join(text.split())
    return f"'{text}'" if len(text) <= width else f"'{text[: width - 1].rstrip()}…'"


def plausible_names(text: str) -> bool:
    """Capitalised words that are not function words ("By Land And Sea" is a
    headline, "By Maria Lopez and Tom Becker" a byline). After "By", only the
    first name is read: what follows a comma, a bar, "at" or "in" says where or
    for whom. A blog's "Posted by" takes any handle."""
    m = _BY.match(text)
    if m is None:
        names = text
    elif m.group().casefold().startswith("posted"):
        return True
    else:
        names = re.split(r"\s*[,|–—·]\s*|\s+-\s+|\s+(?:at|in)\s+", text[m.end() :], maxsplit=1)[0]
    words = [w for w in WORD.findall(names) if w != "and"]
    return bool(words) and not any(w.rstrip(".").casefold() in STOPWORDS for w in words)


_BY = re.compile(r"(?:(?:written|story|words|interview|analysis|commentary|opinion|text|posted)\s+)?by\s+", re.I)
# The first person a byline names ("By Josh Lowensohn, CNET" gives "Josh
# Lowensohn"), and what an author's bio says of them right after the name.
BYLINE_NAME = re.compile(rf"(?:{_BY.pattern})?(?P<name>{_PERSON})", re.IGNORECASE)
BIO_VERB = re.compile(r"\s+(?:is|was|has|joined|covers|writes|lives|teaches|works)\b")


# Markup or script an HTML-to-text step left in the text (an ad's <script>
# tag, a widget's template), however long: a line that opens with an HTML
# tag, or a script statement.
_MARKUP = re.compile(
    r"\s*(?:</?(?:script|noscript|div|span|a|img|iframe|style|ul|li|p|table|tr|td|form|input|object|embed|param)\b"
    r"[^>]*>|<!--|(?:document\.write|var\s+[\w$]+\s*=|function\s*[\w$]*\s*\()).*",
    re.IGNORECASE | re.DOTALL,
)

# Script statements cut mid-way (the text step kept a script's body, not its
# tag): statements ended by semicolons, blocks in braces, and the words of
# script; prose has none of the three together.
_SCRIPT_WORD = re.compile(
    r"\b(?:var|function|return|typeof|null|else|(?:document|window|navigator)\.\w+)\b|\b(?:if|for|while)\s*\("
)


def _script(text: str) -> bool:
    """Whether a line reads as script: two statements, a block and two of
    script's words at least."""
    if text.count(";") < 2 or text.count("{") + text.count("}") < 2:  # most lines stop here
        return False
    return len(_SCRIPT_WORD.findall(text)) >= 2


# An author's box prints the name, then a bio that opens with it again
# ("About Bob Walsh Bob Walsh is the author of …", "Ta-Nehisi Coates -
# Ta-Nehisi Coates is a senior editor at …"): a sentence never names its
# subject twice in a row.
_AUTHOR_BOX = re.compile(
    r"(?:About (?:the [Aa]uthor:?\s*)?)?(?P<name>[A-Z][\w.'’-]+(?: [A-Z][\w.'’-]+){1,2})\s*(?:[-–—:|]\s*)?"
    r"(?P=name)(?:,| is | was | has | writes | covers )"
)


def match_rules(line: Line, phrases: Sequence[tuple[str, str]]) -> tuple[str, str, str] | None:
    """The category, cause and evidence of the first rule (or configured
    phrase, ``phrases``) a line matches, or None."""
    if phrases:
        norm = " ".join(line.text.split()).casefold()
        for phrase, category in phrases:
            if norm.startswith(phrase):
                return category, "configured boilerplate phrase", quote(phrase)
    # The first character rules out nearly every line before the pattern.
    if line.text.lstrip()[:1] in "<dvfDVF" and _MARKUP.fullmatch(line.text):
        return "other", "markup or script left in the text", quote(line.text)
    if _script(line.text):
        return "other", "script statements left in the text", quote(line.text)
    if line.text[:1].isupper() and (box := _AUTHOR_BOX.match(line.text)) is not None:
        return "other", "author's box: a bio under the author's name", quote(box.group("name"))
    if line.words > MAX_RULE_WORDS:
        return None
    text = line.text.strip()
    folded = None  # for the rules' hints, made once a rule has some
    for rule in RULES:
        if line.words > rule.max_words:
            continue
        if rule.hints:
            folded = fold_for_words(text) if folded is None else folded
            if not any(hint in folded for hint in rule.hints):
                continue
        if rule.pattern.fullmatch(text):
            if rule.category == "byline" and not plausible_names(line.text):
                continue
            return rule.category, rule.what, quote(line.text)
    return None
