{#- One row per SNOMED CT code of an item (a procedure or a clinical study): the item's id as
    `id_alias`, the code, its term and type, and its position in the item's list (1 first).
    One home for the unnesting both staging models need. -#}
{% macro unnest_snomed_codes(source_relation, id_alias) -%}
with

source as (

    select * from {{ source_relation }}

),

unnested as (

    select
        source.id as {{ id_alias }},
        code.position::integer as code_position,
        code.snomed
    from source,
        unnest(from_json(source.record->'snomed', '["json"]'))
            with ordinality as code(snomed, position)

),

renamed as (

    select
        {{ id_alias }},
        snomed->>'code' as snomed_code,
        snomed->>'term' as snomed_term,
        snomed->>'type' as snomed_type,
        code_position

    from unnested

)

select * from renamed
{%- endmacro %}
