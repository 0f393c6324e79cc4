{#- Reconciliation: the model has exactly as many rows as a raw landing table (optionally
    filtered), so no row was lost or duplicated between raw and the marts. -#}
{% test row_count_equals_source(model, source_name, table_name, where=none) %}

with

model_rows as (

    select count(*) as row_count from {{ model }}

),

source_rows as (

    select count(*) as row_count
    from {{ source(source_name, table_name) }}
    {% if where %}where {{ where }}{% endif %}

),

final as (

    select
        model_rows.row_count as model_row_count,
        source_rows.row_count as source_row_count
    from model_rows
    cross join source_rows
    where model_rows.row_count <> source_rows.row_count

)

select * from final

{% endtest %}
