//! Model documentation, which is HTML (`<p>`, `<ul><li>`, `<code>`, `<a href>`, `<note>`, ...),
//! as the Markdown rustdoc reads. The HTML is tokenized by `html5gum` (entities decoded, broken
//! markup recovered as browsers do) into a small tree, and the tree written as Markdown: text is
//! escaped so that rustdoc shows it as written (no stray links, tags, emphasis or headings), code
//! is a code span or a `text` block (never a doctest), and only absolute links stay links.

use html5gum::{Token, Tokenizer};

/// An element or a run of text.
#[derive(Debug)]
enum Node {
    Text(String),
    Element {
        name: String,
        href: Option<String>,
        children: Vec<Node>,
    },
}

/// Elements that never have content: no end tag is waited for.
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr",
];

/// Elements whose content is a paragraph (or several) of its own.
const BLOCKS: &[&str] = &[
    "p",
    "div",
    "section",
    "article",
    "blockquote",
    "fullname",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "dl",
    "dt",
    "dd",
    "table",
    "thead",
    "tbody",
    "tr",
    "li",
    "hr",
];

/// The Markdown lines of an HTML text, without a leading space; paragraphs are separated by an
/// empty line. Empty when the text has nothing to show.
pub(crate) fn lines(html: &str) -> Vec<String> {
    let mut lines = blocks(&parse(html));
    while lines.last().is_some_and(String::is_empty) {
        lines.pop();
    }
    lines
}

/// The tree of an HTML fragment. An end tag closes the innermost open element of its name (and
/// those inside it); an end tag with no open element of its name is dropped.
fn parse(html: &str) -> Vec<Node> {
    // The open elements: (name, href, children); the root has no name.
    let mut stack: Vec<(String, Option<String>, Vec<Node>)> = vec![(String::new(), None, vec![])];
    for token in Tokenizer::new(html).flatten() {
        match token {
            Token::StartTag(tag) => {
                let name = String::from_utf8_lossy(&tag.name).to_ascii_lowercase();
                if VOID.contains(&name.as_str()) || tag.self_closing {
                    if let Some((_, _, children)) = stack.last_mut() {
                        children.push(Node::Element {
                            name,
                            href: None,
                            children: Vec::new(),
                        });
                    }
                } else {
                    implied_end(&mut stack, &name);
                    let href = tag
                        .attributes
                        .get(b"href".as_slice())
                        .map(|v| String::from_utf8_lossy(&v.value).into_owned());
                    stack.push((name, href, Vec::new()));
                }
            }
            Token::EndTag(tag) => {
                let name = String::from_utf8_lossy(&tag.name).to_ascii_lowercase();
                if let Some(open) = stack.iter().skip(1).rposition(|(n, _, _)| *n == name) {
                    while stack.len() > open + 1 {
                        close(&mut stack);
                    }
                }
            }
            Token::String(text) => {
                if let Some((_, _, children)) = stack.last_mut() {
                    children.push(Node::Text(
                        String::from_utf8_lossy(&text.value).into_owned(),
                    ));
                }
            }
            Token::Comment(_) | Token::Doctype(_) | Token::Error(_) => {}
        }
    }
    while stack.len() > 1 {
        close(&mut stack);
    }
    stack
        .pop()
        .map(|(_, _, children)| children)
        .unwrap_or_default()
}

/// Closes what a start tag `name` ends without an end tag, as HTML does: a `<li>` the open list
/// item, a `<p>` the open paragraph, a `<dt>` or `<dd>` the open term or definition, unless a
/// container (a list, a note) was opened inside it since.
fn implied_end(stack: &mut Vec<(String, Option<String>, Vec<Node>)>, name: &str) {
    let ends: &[&str] = match name {
        "li" => &["li"],
        "p" => &["p"],
        "dt" | "dd" => &["dt", "dd"],
        _ => return,
    };
    let containers = ["ul", "ol", "dl", "table", "note", "important", "blockquote"];
    for index in (1..stack.len()).rev() {
        let open = stack[index].0.as_str();
        if ends.contains(&open) {
            while stack.len() > index {
                close(stack);
            }
            return;
        }
        if containers.contains(&open) {
            return;
        }
    }
}

/// Closes the innermost open element into its parent.
fn close(stack: &mut Vec<(String, Option<String>, Vec<Node>)>) {
    if let Some((name, href, children)) = stack.pop()
        && let Some((_, _, parent)) = stack.last_mut()
    {
        parent.push(Node::Element {
            name,
            href,
            children,
        });
    }
}

/// The Markdown lines of a sequence of nodes: runs of inline content become paragraphs, block
/// elements their own lines, with an empty line between paragraphs.
fn blocks(nodes: &[Node]) -> Vec<String> {
    let mut out = Vec::new();
    let mut paragraph = String::new();
    for node in nodes {
        let block = match node {
            Node::Element { name, children, .. } => block(name, children),
            Node::Text(_) => None,
        };
        match block {
            Some(lines) => {
                flush(&mut paragraph, &mut out);
                push_block(&mut out, lines);
            }
            None => paragraph.push_str(&inline(node)),
        }
    }
    flush(&mut paragraph, &mut out);
    out
}

/// Appends a block's lines after an empty line (unless it is the first or has none).
fn push_block(out: &mut Vec<String>, lines: Vec<String>) {
    if lines.is_empty() {
        return;
    }
    if out.last().is_some_and(|l| !l.is_empty()) {
        out.push(String::new());
    }
    out.extend(lines);
    out.push(String::new());
}

/// Ends the paragraph being gathered: collapsed, its lines made safe at their start, each hard
/// break (`<br>`, gathered as `\n`) a backslash at the end of a line.
fn flush(paragraph: &mut String, out: &mut Vec<String>) {
    let text = std::mem::take(paragraph);
    let mut lines = Vec::new();
    for line in text.split('\n') {
        let mut collapsed = String::with_capacity(line.len());
        for word in line.split(' ').filter(|w| !w.is_empty()) {
            if !collapsed.is_empty() {
                collapsed.push(' ');
            }
            collapsed.push_str(word);
        }
        if !collapsed.is_empty() {
            lines.push(safe_line_start(collapsed));
        }
    }
    let Some((_, broken)) = lines.split_last_mut() else {
        return;
    };
    for line in broken {
        line.push('\\');
    }
    push_block(out, lines);
}

/// The lines of a block element, or `None` for an inline one.
fn block(name: &str, children: &[Node]) -> Option<Vec<String>> {
    Some(match name {
        "ul" | "ol" => list(name == "ol", children),
        "note" | "important" => {
            let title = if name == "note" {
                "**Note**"
            } else {
                "**Important**"
            };
            let mut lines = vec![title.to_owned(), String::new()];
            lines.extend(blocks(children));
            trim_blank(&mut lines);
            lines
                .into_iter()
                .map(|l| {
                    if l.is_empty() {
                        ">".to_owned()
                    } else {
                        format!("> {l}")
                    }
                })
                .collect()
        }
        "pre" => code_block(children),
        "dt" | "th" => {
            let text = inline_all(children);
            let text = text.trim();
            if text.is_empty() {
                Vec::new()
            } else {
                vec![format!("**{text}**")]
            }
        }
        _ if BLOCKS.contains(&name) => {
            let mut lines = blocks(children);
            trim_blank(&mut lines);
            lines
        }
        _ => return None,
    })
}

fn trim_blank(lines: &mut Vec<String>) {
    while lines.last().is_some_and(String::is_empty) {
        lines.pop();
    }
    while lines.first().is_some_and(String::is_empty) {
        lines.remove(0);
    }
}

/// A list: each item's lines behind its marker, continued under it.
fn list(ordered: bool, children: &[Node]) -> Vec<String> {
    let mut lines = Vec::new();
    let mut number = 0;
    for child in children {
        let item = match child {
            Node::Element { name, children, .. } if name == "li" => blocks(children),
            Node::Element { name, children, .. } if name == "ul" || name == "ol" => {
                // A list directly inside a list: part of the item before it.
                let nested = list(name == "ol", children);
                let indent = if ordered { "   " } else { "  " };
                lines.extend(nested.into_iter().map(|l| {
                    if l.is_empty() {
                        l
                    } else {
                        format!("{indent}{l}")
                    }
                }));
                continue;
            }
            Node::Text(text) if text.trim().is_empty() => continue,
            other => blocks(std::slice::from_ref(other)),
        };
        let mut item = item;
        trim_blank(&mut item);
        if item.is_empty() {
            continue;
        }
        number += 1;
        let marker = if ordered {
            format!("{number}. ")
        } else {
            "- ".to_owned()
        };
        let indent = " ".repeat(marker.len());
        for (i, line) in item.into_iter().enumerate() {
            lines.push(if i == 0 {
                format!("{marker}{line}")
            } else if line.is_empty() {
                line
            } else {
                format!("{indent}{line}")
            });
        }
    }
    lines
}

/// A `<pre>` block as a fenced `text` block, its text as written.
fn code_block(children: &[Node]) -> Vec<String> {
    let mut text = String::new();
    raw_text(children, &mut text);
    let mut body: Vec<String> = text.lines().map(|l| l.trim_end().to_owned()).collect();
    trim_blank(&mut body);
    if body.is_empty() {
        return body;
    }
    let longest = body.iter().map(|l| backtick_run(l)).max().unwrap_or(0);
    let fence = "`".repeat(longest.max(2) + 1);
    let mut lines = vec![format!("{fence}text")];
    lines.extend(body);
    lines.push(fence);
    lines
}

fn raw_text(nodes: &[Node], out: &mut String) {
    for node in nodes {
        match node {
            Node::Text(text) => out.push_str(text),
            Node::Element { name, .. } if name == "br" => out.push('\n'),
            Node::Element { children, .. } => raw_text(children, out),
        }
    }
}

/// The longest run of backticks in `text`.
fn backtick_run(text: &str) -> usize {
    text.split(|c| c != '`').map(str::len).max().unwrap_or(0)
}

fn inline_all(nodes: &[Node]) -> String {
    nodes.iter().map(inline).collect()
}

/// The Markdown of inline content; `\n` marks a hard line break.
fn inline(node: &Node) -> String {
    match node {
        Node::Text(text) => escape(text),
        Node::Element {
            name,
            href,
            children,
        } => match name.as_str() {
            "br" => "\n".to_owned(),
            "code" | "tt" | "kbd" | "samp" => {
                let mut text = String::new();
                raw_text(children, &mut text);
                code_span(&text)
            }
            "i" | "em" | "cite" | "dfn" | "var" => wrap(&inline_all(children), "*"),
            "b" | "strong" => wrap(&inline_all(children), "**"),
            "a" => link(href.as_deref(), &inline_all(children)),
            // A block inside inline content: its text, apart.
            _ if BLOCKS.contains(&name.as_str())
                || matches!(name.as_str(), "ul" | "ol" | "pre") =>
            {
                format!(" {} ", inline_all(children))
            }
            _ => inline_all(children),
        },
    }
}

/// Emphasis around text, with its outer spaces kept outside (`* a*` is no emphasis).
fn wrap(text: &str, mark: &str) -> String {
    let inner = text.trim();
    if inner.is_empty() || inner.contains('\n') {
        return text.to_owned();
    }
    let before = if text.starts_with(char::is_whitespace) {
        " "
    } else {
        ""
    };
    let after = if text.ends_with(char::is_whitespace) {
        " "
    } else {
        ""
    };
    format!("{before}{mark}{inner}{mark}{after}")
}

/// A link for an absolute `http`, `https` or `mailto` address; otherwise (a page of the API
/// reference this crate does not have) the text alone.
fn link(href: Option<&str>, text: &str) -> String {
    let Some(href) = href.map(str::trim).filter(|h| is_absolute(h)) else {
        return text.to_owned();
    };
    if href
        .chars()
        .any(|c| c.is_whitespace() || matches!(c, '<' | '>'))
    {
        return text.to_owned();
    }
    if text.trim().is_empty() || text.contains('\n') {
        format!("<{href}>")
    } else if href.contains(['(', ')']) {
        format!("[{}](<{href}>)", text.trim())
    } else {
        format!("[{}]({href})", text.trim())
    }
}

fn is_absolute(href: &str) -> bool {
    ["https://", "http://", "mailto:"].iter().any(|scheme| {
        href.len() > scheme.len() && href[..scheme.len()].eq_ignore_ascii_case(scheme)
    })
}

/// A code span that holds `text` (whitespace collapsed) whatever backticks it has.
fn code_span(text: &str) -> String {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.is_empty() {
        return String::new();
    }
    let fence = "`".repeat(backtick_run(&text) + 1);
    let pad = if text.starts_with('`') || text.ends_with('`') {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{text}{pad}{fence}")
}

/// Text as written: whitespace collapsed to spaces, Markdown's punctuation escaped, and bare
/// `http(s)` addresses made autolinks (rustdoc warns about bare URLs).
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while !rest.is_empty() {
        let url_at = ["https://", "http://"]
            .iter()
            .filter_map(|scheme| rest.find(scheme))
            .min();
        let (plain, tail) = rest.split_at(url_at.unwrap_or(rest.len()));
        escape_plain(plain, &mut out);
        if tail.is_empty() {
            break;
        }
        let end = tail
            .find(|c: char| c.is_whitespace() || matches!(c, '<' | '>' | '"' | '`'))
            .unwrap_or(tail.len());
        let mut url = &tail[..end];
        while url.ends_with(['.', ',', ';', ':', '!', '?', '\'', ')', ']']) {
            let trimmed = &url[..url.len() - 1];
            if url.ends_with(')') && trimmed.contains('(') {
                break;
            }
            url = trimmed;
        }
        if url.len() > "https://".len() {
            out.push('<');
            out.push_str(url);
            out.push('>');
        } else {
            escape_plain(url, &mut out);
        }
        rest = &tail[url.len()..];
    }
    out
}

fn escape_plain(text: &str, out: &mut String) {
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            c if c.is_whitespace() => out.push(' '),
            c if c.is_control() => {}
            '[' | ']' | '<' | '>' | '`' | '*' | '#' | '\\' | '~' | '|' => {
                out.push('\\');
                out.push(c);
            }
            '&' if chars
                .peek()
                .is_some_and(|n| n.is_ascii_alphanumeric() || *n == '#') =>
            {
                out.push_str("\\&");
            }
            c => out.push(c),
        }
    }
}

/// A paragraph line that Markdown would read as a list item, a heading underline or a quote,
/// escaped so it stays text.
fn safe_line_start(mut line: String) -> String {
    if line.starts_with(['-', '+', '=']) {
        line.insert(0, '\\');
        return line;
    }
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    if digits > 0 && line[digits..].starts_with(['.', ')']) {
        line.insert(digits, '\\');
    }
    line
}

#[cfg(test)]
mod tests {
    use super::lines;

    fn md(html: &str) -> String {
        lines(html).join("\n")
    }

    #[test]
    fn paragraphs_and_inline_markup() {
        assert_eq!(
            md(
                "<p>Creates a <i>channel</i> and <b>returns</b> it.</p><p>See <code>GetChannel</code>.</p>"
            ),
            "Creates a *channel* and **returns** it.\n\nSee `GetChannel`."
        );
    }

    #[test]
    fn plain_text_is_escaped_as_before() {
        assert_eq!(
            md("Maximum [1-50] &lt;arn&gt; a*b #1 x\\y, 1 < 2"),
            "Maximum \\[1-50\\] \\<arn\\> a\\*b \\#1 x\\\\y, 1 \\< 2"
        );
        assert_eq!(md("   "), "");
        assert_eq!(md("<p> </p>"), "");
    }

    #[test]
    fn entities_are_decoded_then_escaped() {
        assert_eq!(
            md("a &lt;b&gt; &amp; c &quot;d&quot;"),
            "a \\<b\\> & c \"d\""
        );
        assert_eq!(md("&amp;copy;"), "\\&copy;");
    }

    #[test]
    fn lists_nest_and_hold_paragraphs() {
        assert_eq!(
            md(
                "<p>Modes:</p><ul><li><p><code>LOW</code>: low.</p></li><li>Two<ul><li>inner</li></ul></li></ul><ol><li>first</li><li>second</li></ol>"
            ),
            "Modes:\n\n- `LOW`: low.\n- Two\n\n  - inner\n\n1. first\n2. second"
        );
    }

    #[test]
    fn notes_are_quotes() {
        assert_eq!(
            md("<p>Text.</p><note><p>Mind this.</p></note><important>Really.</important>"),
            "Text.\n\n> **Note**\n>\n> Mind this.\n\n> **Important**\n>\n> Really."
        );
    }

    #[test]
    fn links_are_absolute_or_text() {
        assert_eq!(
            md(
                r#"See <a href="https://docs.aws.amazon.com/ivs/">the guide</a> and <a href="API_Channel.html">Channel</a>."#
            ),
            "See [the guide](https://docs.aws.amazon.com/ivs/) and Channel."
        );
        assert_eq!(
            md(r#"<a href="https://example.com/a_(b)">paren</a>"#),
            "[paren](<https://example.com/a_(b)>)"
        );
        assert_eq!(
            md("Go to https://example.com/a_(b). Then http://x.io"),
            "Go to <https://example.com/a_(b)>. Then <http://x.io>"
        );
    }

    #[test]
    fn code_spans_and_blocks_hold_any_text() {
        assert_eq!(md("<code>a`b</code>"), "``a`b``");
        assert_eq!(md("<code>[*]</code>"), "`[*]`");
        assert_eq!(
            md("<p>Example:</p><pre><code>{\n  \"a\": [1]\n}</code></pre>"),
            "Example:\n\n```text\n{\n  \"a\": [1]\n}\n```"
        );
    }

    #[test]
    fn line_starts_and_breaks() {
        assert_eq!(md("- not a list"), "\\- not a list");
        assert_eq!(md("1. not a list"), "1\\. not a list");
        assert_eq!(md("one<br/>two<br>three"), "one\\\ntwo\\\nthree");
    }

    #[test]
    fn broken_markup_is_recovered() {
        assert_eq!(
            md("<p>open <b>bold</p> after</i>"),
            "open **bold**\n\nafter"
        );
        assert_eq!(md("<ul><li>a<li>b</ul>"), "- a\n- b");
        assert_eq!(md("<p>one<p>two"), "one\n\ntwo");
        assert_eq!(
            md("<fullname>AWS Support</fullname><p>Body</p>"),
            "AWS Support\n\nBody"
        );
    }
}
