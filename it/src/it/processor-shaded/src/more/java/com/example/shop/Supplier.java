package com.example.shop;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;

/** Added by the second compile, which compiles only this file: the processor reads its previous snapshot. */
@Entity
public class Supplier {

    @Id
    private Long id;

    private String name;
}
