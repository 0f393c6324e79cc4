-- Per procedure: how many adopting foretak offer it, and how many have written a local page.
-- From staging, so the procedure dimension does not depend on the offering fact.
with

adoptions as (

    select * from {{ ref('stg_fnsp__procedure_adoptions') }}

),

offerings as (

    select * from {{ ref('stg_fnsp__offerings') }}

),

final as (

    select
        adoptions.procedure_id,
        count(*) filter (where offerings.is_offered) as offering_foretak_count,
        count(*) filter (where offerings.has_local_page) as local_page_count

    from adoptions
    inner join offerings on adoptions.offering_id = offerings.offering_id
    group by adoptions.procedure_id

)

select * from final
