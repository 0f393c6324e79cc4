{#- Norwegian organisation number: nine digits, the last a mod-11 check digit over the first
    eight with weights 3,2,7,6,5,4,3,2 (remainder 0 -> 0, remainder 1 -> no valid number,
    else 11 - remainder). Nulls pass (use not_null for that). -#}
{% test valid_orgnr(model, column_name) %}

with

candidates as (

    select {{ column_name }} as orgnr
    from {{ model }}
    where {{ column_name }} is not null

),

checked as (

    select
        orgnr,
        case
            when not regexp_full_match(orgnr, '[0-9]{9}') then null
            else (
                3 * substr(orgnr, 1, 1)::integer + 2 * substr(orgnr, 2, 1)::integer
                + 7 * substr(orgnr, 3, 1)::integer + 6 * substr(orgnr, 4, 1)::integer
                + 5 * substr(orgnr, 5, 1)::integer + 4 * substr(orgnr, 6, 1)::integer
                + 3 * substr(orgnr, 7, 1)::integer + 2 * substr(orgnr, 8, 1)::integer
            ) % 11
        end as remainder
    from candidates

),

final as (

    select orgnr, remainder
    from checked
    where remainder is null
        or remainder = 1
        or (case when remainder = 0 then 0 else 11 - remainder end)
            <> substr(orgnr, 9, 1)::integer

)

select * from final

{% endtest %}
