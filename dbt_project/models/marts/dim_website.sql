with

websites as (

    select * from {{ ref('stg_fnsp__websites') }}

),

final as (

    select
        website_id,
        website_name,
        website_url,
        language,
        orgnr,
        foretak_name,
        region_id,
        last_changed

    from websites

)

select * from final
