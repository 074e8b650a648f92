package io.rosterbridge.sandbox.generator;

/** Name pools for generated people and places. */
final class Names {

    static final String[] FIRST = {
        "Ava", "Liam", "Mia", "Noah", "Zoe", "Ethan", "Lena", "Omar", "Priya", "Mateo", "Chloe", "Kenji", "Amara",
        "Lucas", "Sofia", "Diego", "Hana", "Elijah", "Nora", "Ravi", "Isla", "Caleb", "Leila", "Aaron", "Maya",
        "Jonah", "Fatima", "Owen", "Grace", "Samir", "Ruby", "Theo", "Aisha", "Felix", "Ingrid", "Marcus", "Yara",
        "Henry", "Luz", "Tomas", "Wren", "Andre", "Clara", "Dev", "Esme", "Gabriel", "Ines", "Jasper", "Kira",
        "Leo", "Mei", "Nico", "Olive", "Pablo", "Quinn", "Rosa", "Silas", "Tess", "Uma", "Victor"
    };

    static final String[] LAST = {
        "Anderson", "Baptiste", "Chen", "Delgado", "Evans", "Fischer", "Garcia", "Haddad", "Ito", "Jensen",
        "Khan", "Lopez", "Morales", "Nguyen", "Okafor", "Patel", "Quintero", "Rossi", "Schmidt", "Tanaka",
        "Usman", "Vargas", "Walker", "Xu", "Yilmaz", "Zimmerman", "Brooks", "Castillo", "Dubois", "Eriksen",
        "Flores", "Gomez", "Hughes", "Ibrahim", "Johnson", "Kowalski", "Larsen", "Mendez", "Novak", "Ortiz",
        "Park", "Reyes", "Silva", "Torres", "Underwood", "Vega", "Wright", "Young", "Ali", "Bauer"
    };

    static final String[] PLACES = {
        "Maple", "Cedar", "Riverside", "Hillcrest", "Oakwood", "Lakeview", "Pinecrest", "Sunnyvale", "Westbrook",
        "Eastgate", "Northfield", "Southridge", "Brookside", "Fairview", "Greenwood", "Highland", "Ironwood",
        "Juniper", "Kingsley", "Lincoln", "Meadow", "Willow", "Aspen", "Birch", "Clearwater"
    };

    static final String[] SUBJECTS = {
        "english/language arts", "math", "science", "social studies", "homeroom/advisory", "arts and music",
        "PE and health", "technology and engineering", "language"
    };

    static final String[] GRADES = {
        "Kindergarten", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12"
    };

    private Names() {
    }
}
