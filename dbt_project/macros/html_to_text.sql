{#- Plain text from an HTML fragment: block ends (</p>, <br>, </li>, </h1-6>, </div>, </tr>)
    become line breaks, list items get a bullet, other tags go, the common entities are
    decoded, runs of spaces collapse and blank lines are dropped. Null stays null. -#}
{% macro html_to_text(column) -%}
    nullif(trim(
        regexp_replace(regexp_replace(regexp_replace(
            {{ decode_html_entities(
                "regexp_replace(regexp_replace(regexp_replace(regexp_replace(" ~ column ~ ", "
                ~ "'(?i)<\\s*br\\s*/?\\s*>|</\\s*(p|div|h[1-6]|tr|ul|ol)\\s*>', chr(10), 'g'), "
                ~ "'(?i)<\\s*li[^>]*>', chr(10) || '- ', 'g'), "
                ~ "'(?i)</\\s*li\\s*>', chr(10), 'g'), "
                ~ "'<[^>]*>', '', 'g')"
            ) }},
        '[ \t\r\f\v]+', ' ', 'g'),          -- collapse horizontal whitespace
        ' ?\n ?', chr(10), 'g'),             -- no spaces around line breaks
        '\n{2,}', chr(10), 'g')              -- no blank lines
    , chr(10) || ' '), '')
{%- endmacro %}

{#- Named and numeric entities seen in FNSP text; &amp; last so "&amp;lt;" stays "&lt;". -#}
{% macro decode_html_entities(expression) -%}
    {%- set entities = [
        ("&nbsp;", "' '"), ("&#160;", "' '"), ("&lt;", "'<'"), ("&gt;", "'>'"),
        ("&quot;", "'\"'"), ("&#34;", "'\"'"), ("&#39;", "''''"), ("&apos;", "''''"),
        ("&aelig;", "'æ'"), ("&AElig;", "'Æ'"), ("&oslash;", "'ø'"), ("&Oslash;", "'Ø'"),
        ("&aring;", "'å'"), ("&Aring;", "'Å'"), ("&eacute;", "'é'"), ("&ndash;", "'–'"),
        ("&mdash;", "'—'"), ("&shy;", "''"), ("&amp;", "'&'"),
    ] -%}
    {%- set ns = namespace(sql=expression) -%}
    {%- for entity, replacement in entities -%}
        {%- set ns.sql = "replace(" ~ ns.sql ~ ", '" ~ entity ~ "', " ~ replacement ~ ")" -%}
    {%- endfor -%}
    {{ ns.sql }}
{%- endmacro %}

{#- Words in a plain text (runs of non-space characters); 0 for null or empty. -#}
{% macro word_count(text_column) -%}
    coalesce(len(regexp_extract_all({{ text_column }}, '\S+')), 0)
{%- endmacro %}
